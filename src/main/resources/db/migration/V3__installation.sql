-- Which control plane this store belongs to: its work in a shared cluster manager carries this id, so that two
-- installations sharing a Slurm never take each other's jobs for orphans.
create table installation (
    id         text primary key,
    created_at timestamptz not null default now()
);
