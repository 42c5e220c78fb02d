CREATE TABLE "integration_records" (
	"entity" text NOT NULL,
	"record_key" text NOT NULL,
	"source" text NOT NULL,
	"account" text NOT NULL,
	"source_id" text NOT NULL,
	"source_updated_at" timestamp with time zone,
	"content_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_records_entity_record_key_pk" PRIMARY KEY("entity","record_key")
);
--> statement-breakpoint
CREATE INDEX "integration_records_source_idx" ON "integration_records" USING btree ("source","account","source_id");