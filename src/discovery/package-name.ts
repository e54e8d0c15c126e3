// The whitelist every Android package name passes before it is put into a shell command on the phone.
import { InputError } from '../errors.ts';

/** Java-package form, at least two segments: what Android accepts as an application id. */
export const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/** Throws InputError (E_CONFIG) naming `field` for anything but a package name. */
export function assertPackageNames(names: readonly string[], field: string): void {
  names.forEach((name, index) => {
    if (!PACKAGE_NAME.test(name)) {
      throw new InputError(
        'E_CONFIG',
        `field \`${field}[${index}]\` must be an Android package name such as com.android.chrome, got ${JSON.stringify(name)}`,
        { field: `${field}[${index}]` },
      );
    }
  });
}
