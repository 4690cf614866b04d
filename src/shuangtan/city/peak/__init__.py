"""The road to the peak (达峰路径): saved Kaya scenarios, comparison, export, county and industry
bases, Jiashan's early peak, and LMDI on the city's own data. The arithmetic is in
:mod:`shuangtan.city.kaya` and :mod:`shuangtan.city.lmdi`."""
