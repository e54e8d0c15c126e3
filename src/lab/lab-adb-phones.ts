// The lab at the adb level: a private adb server and lab adb phones of the five vendors, connected to it.
import { AdbServerService } from '../services/adb-server-service.ts';
import { LabAdbPhone, type LabAdbPhoneOptions } from './adb-phone/adb-phone.ts';
import { LAB_ADB_PROFILES } from './adb-phone/adb-phone-profiles.ts';

export interface LabAdbPhones {
  /** The private adb server the phones are connected to. */
  server: { host: string; port: number };
  phones: LabAdbPhone[];
  /** Stops the phones and the server. */
  stop(): Promise<void>;
}

/**
 * Starts a private adb server and one lab adb phone per option set (by default one of each of
 * the five vendor profiles), and `adb connect`s each. Whatever started is stopped if a step fails.
 */
export async function startLabAdbPhones(
  options: readonly LabAdbPhoneOptions[] = LAB_ADB_PROFILES.map((profile) => ({ profile })),
): Promise<LabAdbPhones> {
  const adb = new AdbServerService();
  const phones = options.map((o) => new LabAdbPhone(o));
  const stop = async () => {
    await adb.stop();
    await Promise.all(phones.map((phone) => phone.stop()));
  };
  try {
    const server = await adb.start();
    await Promise.all(phones.map((phone) => phone.start()));
    for (const phone of phones) await adb.connect(phone.serial);
    return { server, phones, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
