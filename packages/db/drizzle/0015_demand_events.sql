CREATE TABLE "demand_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"skus" text[],
	"regions" text[],
	"channels" text[],
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demand_events_kind_check" CHECK ("demand_events"."kind" in ('HOLIDAY', 'PROMOTION')),
	CONSTRAINT "demand_events_ends_after_start" CHECK ("demand_events"."ends_on" >= "demand_events"."starts_on")
);
--> statement-breakpoint
CREATE INDEX "demand_events_dates_idx" ON "demand_events" USING btree ("starts_on","ends_on");