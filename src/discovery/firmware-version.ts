// A build's display version, the `firmware.version` of a profile: the vendor's version where it puts one in the incremental.

/** What the version is taken from: ro.build.fingerprint and ro.build.version.incremental. */
export interface BuildRead {
  fingerprint: string;
  incremental: string;
}

/**
 * The incremental where the vendor writes its version there (`V12.5.4.0.RJDEUXM`,
 * `OS1.0.6.0.UMFEUXM`, `S911BXXS3CXD1`); a bare build number (Pixels: `11269751`) gives the
 * fingerprint's build id instead (`UQ1A.240205.004`), as the lab Pixel's profile names it.
 * The same rule as the health gate's observed firmware (src/devices/observed-firmware.ts).
 */
export function firmwareVersionOf(read: BuildRead): string {
  if (!/^\d+$/.test(read.incremental)) return read.incremental;
  // brand/product/device:release/ID/incremental:type/tags
  const id = read.fingerprint.split(':')[1]?.split('/')[1];
  return id && id.length > 0 ? id : read.incremental;
}
