CREATE TABLE "working_capital_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"horizon_days" integer NOT NULL,
	"currency" "currency_code" NOT NULL,
	"params" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "working_capital_scenarios_name_key" ON "working_capital_scenarios" USING btree ("name");