-- Where exactly each dispatch runs, so that a restarted server can take running work back where it is.
alter table placements
    add column region         text             not null default '',
    add column block          int              not null default 0,
    add column nodes          int[]            not null default '{}',
    add column gpus_per_node  int              not null default 0,
    add column speed          double precision not null default 1,
    add column marginal_price double precision not null default 0;
