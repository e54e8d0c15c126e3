// Selectors of Chrome for Android (com.android.chrome) on the canary's pages, as data per app version.
import type { AppSelectorTable } from './app-selectors.ts';

const WEB_VIEW = { className: 'android.webkit.WebView' } as const;

export const ANDROID_CHROME_SELECTORS: AppSelectorTable = {
  app: 'android-chrome',
  packageName: 'com.android.chrome',
  versions: [
    {
      fromVersion: '0',
      note: 'Chrome exposes an HTML element id as the node resource-id inside the WebView; the class fallbacks cover builds that do not',
      selectors: {
        webContent: [
          { ...WEB_VIEW, within: { resourceId: 'com.android.chrome:id/compositor_view_holder' } },
          WEB_VIEW,
        ],
        searchField: [
          { resourceId: 'cw-q', within: WEB_VIEW },
          { className: 'android.widget.EditText', within: WEB_VIEW },
        ],
        submitButton: [
          { resourceId: 'cw-submit', within: WEB_VIEW },
          { className: 'android.widget.Button', within: WEB_VIEW },
        ],
        echo: [{ resourceId: 'cw-echo', within: WEB_VIEW }],
        urlBar: [{ resourceId: 'com.android.chrome:id/url_bar' }],
        errorPage: {
          // ids of Chrome's net-error page (components/neterror), exposed like any HTML id
          resourceIds: ['main-frame-error', 'main-message'],
          textPatterns: ['\\b(ERR_[A-Z_]+)\\b', "This site can[’']t be reached"],
        },
      },
    },
  ],
};
