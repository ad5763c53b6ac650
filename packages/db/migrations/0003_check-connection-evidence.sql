ALTER TABLE "sso_connections" ADD COLUMN "last_check" jsonb;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sso_sign_in_attempts" ADD COLUMN "evidence" jsonb;