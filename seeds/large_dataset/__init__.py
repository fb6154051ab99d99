"""A large, realistic, deterministic dataset for performance work (see docs/performance.md).

Each chapter has one seat per classification; every seat is held by a run of members over the years
(the current one active, earlier ones ended or dropped), so history has people who left. Every week
each chapter meets; the members holding a seat that week get an attendance row and pass referrals,
thank-yous and one-to-ones to each other (a tenth of referrals go to another chapter of the region).

All rows go in with COPY (`copy_table`); only the few reference rows use the ORM. One module per
step, run in order by `generator.generate`: `people` (chapters, seat holders, leaders), `meetings`
(meetings, agendas, rotas, attendance), `slips` (referrals, thank-yous, one-to-ones, notices);
`plans` holds what the steps pass on (who holds which seat when) and the logins the benchmark uses.
"""
