// Selectors of Signal (org.thoughtcrime.securesms) in a one-to-one chat, as data per app version.
import type { AppSelectorTable } from './app-selectors.ts';
import type { MessengerSelectors } from './messenger-selectors.ts';

const id = (name: string) => ({ resourceId: `org.thoughtcrime.securesms:id/${name}` });

export const SIGNAL_SELECTORS: AppSelectorTable<MessengerSelectors> = {
  app: 'signal',
  packageName: 'org.thoughtcrime.securesms',
  versions: [
    {
      fromVersion: '0',
      note: 'view ids from the Signal-Android sources (conversation_item_body, embedded_text_editor, send_button); outgoing items carry a delivery status view',
      selectors: {
        chatLinks: { phone: 'https://signal.me/#p/{e164}' },
        messageList: [id('conversation_item_recycler'), { resourceId: 'android:id/list' }],
        composeBox: [id('embedded_text_editor'), { className: 'android.widget.EditText' }],
        sendButton: [id('send_button'), { xpath: '//*[@content-desc="Send message"]' }],
        messageText: [id('conversation_item_body')],
        sideBy: 'markers',
        outgoingMarkers: {
          resourceIds: ['org.thoughtcrime.securesms:id/footer_delivery_status'],
          descriptionPatterns: [],
        },
        textNoise: [],
      },
    },
  ],
};
