"""The synthetic demo city (合成演示城市): a deterministic Jiaxing of about 2,000 emitters.

:mod:`~shuangtan.demodata.generate` builds it in memory (pure, seeded, every tCO2e and tce from
the accounting core's batch path); :mod:`~shuangtan.demodata.load` writes it to the database in
bulk. The numbers are invented; only the 2020 city totals they are calibrated to are published.
"""
