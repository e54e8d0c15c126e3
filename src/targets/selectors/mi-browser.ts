// Selectors of Mi Browser (com.mi.globalbrowser) on the canary's pages, as data per app version.
import type { AppSelectorTable } from './app-selectors.ts';

const WEB_VIEW = { xpath: '//*[contains(@class,"WebView")]' } as const;

export const MI_BROWSER_SELECTORS: AppSelectorTable = {
  app: 'mi-browser',
  packageName: 'com.mi.globalbrowser',
  versions: [
    {
      fromVersion: '0',
      note: 'older releases: address bar id `url`; the web content class varies, so match any *WebView',
      selectors: {
        webContent: [{ className: 'android.webkit.WebView' }, WEB_VIEW],
        searchField: [
          { resourceId: 'cw-q', within: WEB_VIEW },
          { className: 'android.widget.EditText', within: WEB_VIEW },
        ],
        submitButton: [
          { resourceId: 'cw-submit', within: WEB_VIEW },
          { className: 'android.widget.Button', within: WEB_VIEW },
        ],
        echo: [{ resourceId: 'cw-echo', within: WEB_VIEW }],
        urlBar: [{ resourceId: 'com.mi.globalbrowser:id/url' }],
        errorPage: {
          resourceIds: ['main-frame-error'],
          textPatterns: ['\\b(ERR_[A-Z_]+)\\b', "can[’']t be reached", 'Webpage not available'],
        },
      },
    },
    {
      fromVersion: '13.0',
      note: 'newer releases renamed the address bar (`url_bar`, some builds `url_address`); the old id stays as a fallback. Version boundary not yet confirmed on a device',
      selectors: {
        urlBar: [
          { resourceId: 'com.mi.globalbrowser:id/url_bar' },
          { resourceId: 'com.mi.globalbrowser:id/url_address' },
          { resourceId: 'com.mi.globalbrowser:id/url' },
        ],
      },
    },
  ],
};
