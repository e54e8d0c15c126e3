import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { profileIdOf } from '../../../src/discovery/profile-id.ts';

describe('a profile id made from the phone', () => {
  test('is manufacturer, model and serial in lowercase and dashes', () => {
    assert.equal(profileIdOf('Xiaomi', 'M2101K6G', 'a1b2c3d4'), 'xiaomi-m2101k6g-a1b2c3d4');
    assert.equal(profileIdOf('samsung', 'SM-S911B', 'R5CT20ABCDE'), 'samsung-sm-s911b-r5ct20abcde');
    assert.equal(
      profileIdOf('Google', 'Pixel 7', '192.168.1.20:5555'),
      'google-pixel-7-192-168-1-20-5555',
    );
  });

  test('names the manufacturer once when the model starts with it, and drops other letters', () => {
    assert.equal(profileIdOf('Xiaomi', 'Xiaomi 13T', 'x1'), 'xiaomi-13t-x1');
    assert.equal(profileIdOf('HUAWEI', 'HUAWEI P30 Pro', 'x1'), 'huawei-p30-pro-x1');
    assert.equal(profileIdOf('Xiaomi', '红米 Note 9', 'x1'), 'xiaomi-note-9-x1');
  });
});
