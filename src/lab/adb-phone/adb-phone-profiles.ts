// The five lab adb phone profiles: one file per phone under profiles/, listed here by id.
import type { AdbPhoneProfile } from './adb-phone-profile.ts';
import { HUAWEI_P40PRO_EMUI12 } from './profiles/huawei-p40pro-emui12.ts';
import { PIXEL5_ANDROID14 } from './profiles/pixel5-android14.ts';
import { SAMSUNG_S21_ONEUI41 } from './profiles/samsung-s21-oneui41.ts';
import { XIAOMI_13T_HYPEROS1 } from './profiles/xiaomi-13t-hyperos1.ts';
import { XIAOMI_MI10T_MIUI12 } from './profiles/xiaomi-mi10t-miui12.ts';

export const LAB_ADB_PROFILES: readonly AdbPhoneProfile[] = [
  XIAOMI_MI10T_MIUI12,
  XIAOMI_13T_HYPEROS1,
  PIXEL5_ANDROID14,
  HUAWEI_P40PRO_EMUI12,
  SAMSUNG_S21_ONEUI41,
];

/** The profile with this id; throws RangeError naming the known ids otherwise. */
export function labAdbProfile(id: string): AdbPhoneProfile {
  const profile = LAB_ADB_PROFILES.find((candidate) => candidate.id === id);
  if (!profile) {
    const known = LAB_ADB_PROFILES.map((candidate) => candidate.id).join(', ');
    throw new RangeError(`Expected a lab adb profile id (${known}), got ${JSON.stringify(id)}`);
  }
  return profile;
}
