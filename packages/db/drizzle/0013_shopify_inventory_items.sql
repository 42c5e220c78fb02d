CREATE TABLE "shopify_inventory_items" (
	"connection_id" uuid NOT NULL,
	"inventory_item_id" text NOT NULL,
	"location_id" text NOT NULL,
	"sku" text,
	"committed" integer DEFAULT 0 NOT NULL,
	"unavailable" integer DEFAULT 0 NOT NULL,
	"level_updated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shopify_inventory_items_connection_id_inventory_item_id_location_id_pk" PRIMARY KEY("connection_id","inventory_item_id","location_id")
);
--> statement-breakpoint
ALTER TABLE "shopify_inventory_items" ADD CONSTRAINT "shopify_inventory_items_connection_id_integration_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."integration_connections"("id") ON DELETE cascade ON UPDATE no action;