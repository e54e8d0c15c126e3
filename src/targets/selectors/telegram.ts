// Selectors of Telegram (org.telegram.messenger) in a one-to-one chat, as data per app version.
import type { AppSelectorTable } from './app-selectors.ts';
import type { MessengerSelectors } from './messenger-selectors.ts';

const LIST = { className: 'androidx.recyclerview.widget.RecyclerView' } as const;

export const TELEGRAM_SELECTORS: AppSelectorTable<MessengerSelectors> = {
  app: 'telegram',
  packageName: 'org.telegram.messenger',
  versions: [
    {
      fromVersion: '0',
      note: 'Telegram draws its own views without resource-ids: a message cell is a full-width ViewGroup in the chat list whose text is the message, a line break, the time and, on the own side, the delivery state',
      selectors: {
        chatLinks: {
          phone: 'tg://resolve?phone={digits}',
          username: 'tg://resolve?domain={username}',
        },
        messageList: [LIST],
        composeBox: [{ className: 'android.widget.EditText' }],
        sendButton: [{ xpath: '//*[@content-desc="Send"]' }],
        messageText: [{ xpath: '//android.view.ViewGroup[@text]', within: LIST }],
        sideBy: 'markers',
        outgoingMarkers: {
          resourceIds: [],
          descriptionPatterns: [
            '\\n\\d{1,2}:\\d{2}(\\s?[AP]M)?, (Sent|Delivered|Read|Unread|Sending)$',
          ],
        },
        textNoise: ['\\n\\d{1,2}:\\d{2}(\\s?[AP]M)?(, (Sent|Delivered|Read|Unread|Sending))?$'],
      },
    },
  ],
};
