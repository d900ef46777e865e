"""Made-up Chinese names for demo villagers: a common surname and one or two given-name
characters drawn at random, so no real person is named on purpose."""

import random

SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
    "钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "秀兰桂芳德明建国玉珍志强淑英春华文清永福凤琴丽萍国华光荣成才晓燕海燕红梅小平金花"
    "家树云霞宗林世英学军俊杰婷雪梅银秀开富昌禄兴旺秋菊冬梅春兰巧云翠英长生水林维新"
)


def chinese_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    given_length = 1 if rng.random() < 0.25 else 2
    return surname + "".join(rng.choice(GIVEN) for _ in range(given_length))
