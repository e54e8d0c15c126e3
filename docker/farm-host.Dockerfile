# A farm host: Appium 3 with the UiAutomator2 and Chromium drivers, adb, and the censorwatch workers.
# Phones are attached over USB (pass the USB bus through: `--device /dev/bus/usb`).
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      adb chromium chromium-driver default-jre-headless fonts-noto-cjk redis-tools ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/censorwatch
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV APPIUM_HOME=/opt/censorwatch/.appium
RUN npx appium driver install chromium && npx appium driver install uiautomator2

# REDIS_URL points at the central Redis; CENSORWATCH_DEVICES at this host's device profiles.
ENV CENSORWATCH_DEVICES=/etc/censorwatch/devices
VOLUME ["/opt/censorwatch/reports", "/etc/censorwatch/devices"]
ENTRYPOINT ["node", "bin/censorwatch.js"]
CMD ["farm", "--config", "/etc/censorwatch/censorwatch.yaml"]
