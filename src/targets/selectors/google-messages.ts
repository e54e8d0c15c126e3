// Selectors of Google Messages (com.google.android.apps.messaging) for SMS, as data per app version.
import type { AppSelectorTable } from './app-selectors.ts';
import type { MessengerSelectors } from './messenger-selectors.ts';

const id = (name: string) => ({ resourceId: `com.google.android.apps.messaging:id/${name}` });

export const GOOGLE_MESSAGES_SELECTORS: AppSelectorTable<MessengerSelectors> = {
  app: 'google-messages',
  packageName: 'com.google.android.apps.messaging',
  versions: [
    {
      fromVersion: '0',
      note: 'view-based conversation screen (compose_message_text, send_message_button_icon, message_text); sides by position',
      selectors: {
        chatLinks: { phone: 'sms:{e164}' },
        messageList: [
          id('messages_list'),
          { className: 'androidx.recyclerview.widget.RecyclerView' },
        ],
        composeBox: [id('compose_message_text'), { className: 'android.widget.EditText' }],
        sendButton: [
          id('send_message_button_icon'),
          id('send_message_button_container'),
          { xpath: '//*[starts-with(@content-desc,"Send")]' },
        ],
        messageText: [id('message_text')],
        sideBy: 'position',
        outgoingMarkers: { resourceIds: [], descriptionPatterns: [] },
        textNoise: [],
      },
    },
  ],
};
