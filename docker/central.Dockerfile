# Central services of a farm: the canary the phones submit to and the report compiler's tools (Java for Allure).
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends default-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/censorwatch
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
VOLUME ["/opt/censorwatch/reports"]
EXPOSE 8080
ENTRYPOINT ["node", "bin/censorwatch.js"]
CMD ["serve", "--port", "8080"]
