-- Quartermaster's store. One SQL dialect: PostgreSQL.

-- Every fleet document ever accepted; the newest is the fleet in force.
create table fleet_versions (
    version     bigserial primary key,
    document    text        not null,
    created_at  timestamptz not null default now(),
    created_by  text        not null
);

-- Teams and their quotas as of the newest fleet version (rewritten with it).
create table teams (
    name          text primary key,
    cohort        text,
    weight        double precision not null,
    quota         jsonb not null,
    fleet_version bigint not null references fleet_versions (version)
);

create table workloads (
    id              text primary key,
    seq             bigserial not null unique,
    team            text not null,
    name            text not null,
    kind            text not null,
    priority        int  not null,
    gpus            int  not null,
    state           text not null,
    reason          text,
    document        text not null,
    idempotency_key text,
    submitted_by    text not null,
    submitted_at    timestamptz not null,
    updated_at      timestamptz not null,
    version         int  not null default 0,
    constraint workloads_idempotency unique (team, idempotency_key)
);
create index workloads_state on workloads (state, seq);
create index workloads_team on workloads (team, seq);

-- Append-only: every state a workload went through.
create table transitions (
    id          bigserial primary key,
    workload_id text not null references workloads (id),
    from_state  text,
    to_state    text not null,
    at          timestamptz not null,
    reason      text
);
create index transitions_workload on transitions (workload_id, id);

-- One row per dispatch, written before the dispatch is sent; ended_at is set when it stops for any reason.
create table placements (
    id                 bigserial primary key,
    workload_id        text not null references workloads (id),
    attempt            int  not null,
    replica            int  not null default 0,
    cluster            text not null,
    pool               text not null,
    provider           text not null,
    tier               text not null,
    accelerator        text not null,
    gpus               int  not null,
    price_basis        text not null,
    price_per_gpu_hour double precision not null,
    external_id        text,
    dispatched_at      timestamptz not null,
    started_at         timestamptz,
    ended_at           timestamptz,
    outcome            text,
    constraint placements_attempt unique (workload_id, attempt, replica)
);
create index placements_open on placements (workload_id) where ended_at is null;

-- What each run cost: GPU-hours used times the billed price.
create table ledger (
    id          bigserial primary key,
    workload_id text not null references workloads (id),
    team        text not null,
    provider    text not null,
    tier        text not null,
    pool        text not null,
    accelerator text not null,
    gpus        int  not null,
    started_at  timestamptz not null,
    ended_at    timestamptz not null,
    gpu_hours   double precision not null,
    dollars     double precision not null,
    price_basis text not null
);
create index ledger_time on ledger (ended_at);

create table tokens (
    id          bigserial primary key,
    name        text not null,
    hash        text not null unique,
    role        text not null,
    team        text,
    created_at  timestamptz not null,
    created_by  text not null,
    revoked_at  timestamptz
);

-- Every change an admin made.
create table audit_log (
    id      bigserial primary key,
    at      timestamptz not null,
    actor   text not null,
    action  text not null,
    target  text not null,
    detail  text
);
