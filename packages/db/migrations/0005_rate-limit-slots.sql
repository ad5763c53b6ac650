-- Rate-limit counters move to sliding-window slots in an UNLOGGED table (hand-written: drizzle-kit
-- neither knows UNLOGGED nor can rename the primary key). The counters are disposable, so the
-- table is recreated rather than converted; at most one window of counts is forgotten, exactly
-- what a crash does to an UNLOGGED table (PostgreSQL truncates it on crash recovery). Not being
-- WAL-logged, it is also not replicated: each primary keeps its own counters after a failover.
DROP TABLE "rate_limit_buckets";--> statement-breakpoint
CREATE UNLOGGED TABLE "rate_limit_buckets" (
	"key" text NOT NULL,
	"slot" bigint NOT NULL,
	"count" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limit_buckets_key_slot_pk" PRIMARY KEY("key","slot")
);--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_reset_at_idx" ON "rate_limit_buckets" USING btree ("reset_at");
