-- What fair share remembers across restarts: each team's past GPU-hours of each accelerator type, decayed by the
-- half-life to as_of. Rewritten whole by the control loop every minute and when the server stops.
create table fair_share_usage (
    team        text             not null,
    accelerator text             not null,
    gpu_hours   double precision not null,
    as_of       timestamptz      not null,
    primary key (team, accelerator)
);
