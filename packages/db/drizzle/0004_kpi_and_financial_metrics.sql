CREATE TABLE "cash_flow_projections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scenario" text NOT NULL,
	"projection_date" date NOT NULL,
	"currency" "currency_code" NOT NULL,
	"inflow" numeric(18, 4) NOT NULL,
	"outflow" numeric(18, 4) NOT NULL,
	"closing_balance" numeric(18, 4) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "financial_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"metric_date" date NOT NULL,
	"metric_type" text NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"unit" text NOT NULL,
	"currency" "currency_code",
	"calculated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dashboard_id" text NOT NULL,
	"metric_name" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"unit" text NOT NULL,
	"currency" "currency_code",
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"calculated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idx_cash_flow_projections_date" ON "cash_flow_projections" USING btree ("projection_date");--> statement-breakpoint
CREATE INDEX "cash_flow_projections_scenario_idx" ON "cash_flow_projections" USING btree ("scenario","projection_date");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_financial_metrics_date_type" ON "financial_metrics" USING btree ("metric_date","metric_type");--> statement-breakpoint
CREATE INDEX "idx_kpi_metrics_dashboard" ON "kpi_metrics" USING btree ("dashboard_id","metric_name","calculated_at");