// Benign words per language that controls are built from: everyday nouns, nothing any list filters.

/** Words per BCP 47 language (base tag or script subtag). Latin lists keep their diacritics. */
export const BENIGN_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'bread', 'garden', 'river', 'window', 'apple', 'morning', 'kitchen', 'pencil', 'orange',
    'weather', 'music', 'bicycle', 'teacup', 'meadow', 'harbour', 'blanket', 'carrot', 'lantern',
    'pebble', 'violin', 'sunrise', 'cottage', 'basket', 'walnut', 'forest', 'letter', 'butter',
    'pillow', 'ladder', 'candle', 'button', 'tomato', 'rabbit', 'cloud', 'stone', 'table', 'chair',
    'honey', 'spoon', 'field', 'paper', 'lemon', 'summer', 'winter', 'autumn', 'island', 'market',
  ],
  'zh-Hans': [
    '花园', '天气', '早饭', '桌子', '音乐', '书店', '苹果', '面包', '河流', '窗户', '铅笔', '自行车',
    '厨房', '草地', '月亮', '茶杯', '毛衣', '雨伞', '米饭', '西瓜', '邮局', '公园', '钢琴', '蛋糕',
    '晚饭', '春天', '秋天', '蜂蜜', '椅子', '果汁', '小猫', '画册', '学校', '火车', '牛奶', '树叶',
  ],
  'zh-Hant': [
    '花園', '天氣', '早餐', '桌子', '音樂', '書店', '蘋果', '麵包', '河流', '窗戶', '鉛筆', '自行車',
    '廚房', '草地', '月亮', '茶杯', '毛衣', '雨傘', '米飯', '西瓜', '郵局', '公園', '鋼琴', '蛋糕',
    '晚飯', '春天', '秋天', '蜂蜜', '椅子', '果汁', '小貓', '畫冊', '學校', '火車', '牛奶', '樹葉',
  ],
  lt: [
    'duona', 'sodas', 'upė', 'langas', 'obuolys', 'knyga', 'diena', 'saulė', 'vasara', 'žiema',
    'ruduo', 'pieva', 'virtuvė', 'pieštukas', 'dviratis', 'arbata', 'muzika', 'medus', 'kėdė',
    'stalas', 'šaukštas', 'žydėjimas', 'pavasaris', 'miškas', 'laiškas', 'sviestas', 'pagalvė',
    'žvakė', 'sagutė', 'pomidoras', 'triušis', 'debesis', 'akmuo', 'citrina', 'sala', 'turgus',
  ],
  ru: [
    'хлеб', 'сад', 'река', 'окно', 'яблоко', 'книга', 'утро', 'погода', 'музыка', 'велосипед',
    'кухня', 'карандаш', 'апельсин', 'чашка', 'луг', 'гавань', 'одеяло', 'морковь', 'фонарь',
    'камень', 'скрипка', 'рассвет', 'корзина', 'орех', 'лес', 'письмо', 'масло', 'подушка',
    'лестница', 'свеча', 'пуговица', 'помидор', 'кролик', 'облако', 'стол', 'стул', 'мёд',
  ],
};

/** Which list serves a script when the term's language has no list of its own. */
export const WORDS_BY_SCRIPT: Readonly<Record<string, string>> = {
  Latin: 'en',
  Han: 'zh-Hans',
  Cyrillic: 'ru',
};
