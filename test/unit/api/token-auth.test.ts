import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cookieValue, sameSiteLocation, TOKEN_COOKIE } from '../../../src/api/token-auth.ts';

describe('cookieValue', () => {
  test('reads and decodes one cookie among others', () => {
    assert.equal(cookieValue(`a=1; ${TOKEN_COOKIE}=t%2Bk; b=2`, TOKEN_COOKIE), 't+k');
    assert.equal(cookieValue('a=1', TOKEN_COOKIE), undefined);
    assert.equal(cookieValue(undefined, TOKEN_COOKIE), undefined);
  });

  test('a value that does not decode is an empty token, not an exception', () => {
    assert.equal(cookieValue(`${TOKEN_COOKIE}=%E0%A4%A`, TOKEN_COOKIE), '');
  });
});

describe('sameSiteLocation', () => {
  test('keeps a path on this site, however many slashes or backslashes it starts with', () => {
    assert.equal(sameSiteLocation('/'), '/');
    assert.equal(sameSiteLocation('/app'), '/app');
    assert.equal(sameSiteLocation('//evil.example'), '/evil.example');
    assert.equal(sameSiteLocation('/\\evil.example'), '/evil.example');
    assert.equal(sameSiteLocation('\\\\/evil.example/x'), '/evil.example/x');
  });
});
