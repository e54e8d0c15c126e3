// Selectors of WhatsApp (com.whatsapp) in a one-to-one chat, as data per app version.
import type { AppSelectorTable } from './app-selectors.ts';
import type { MessengerSelectors } from './messenger-selectors.ts';

const id = (name: string) => ({ resourceId: `com.whatsapp:id/${name}` });

export const WHATSAPP_SELECTORS: AppSelectorTable<MessengerSelectors> = {
  app: 'whatsapp',
  packageName: 'com.whatsapp',
  versions: [
    {
      fromVersion: '0',
      note: 'resource-ids used by public Appium scripts for WhatsApp 2.2x (entry, send, message_text); the own side shows delivery ticks (status)',
      selectors: {
        chatLinks: { phone: 'https://wa.me/{digits}' },
        messageList: [{ resourceId: 'android:id/list' }, id('conversation_list')],
        composeBox: [id('entry'), { className: 'android.widget.EditText' }],
        sendButton: [id('send'), { xpath: '//*[@content-desc="Send"]' }],
        messageText: [id('message_text')],
        sideBy: 'markers',
        outgoingMarkers: {
          resourceIds: ['com.whatsapp:id/status'],
          descriptionPatterns: ['^(Sent|Delivered|Read|Pending)$'],
        },
        textNoise: [],
      },
    },
  ],
};
