CREATE TABLE "rbac_seeded_grants" (
	"role_code" "role_code" NOT NULL,
	"permission_code" text NOT NULL,
	CONSTRAINT "rbac_seeded_grants_role_code_permission_code_pk" PRIMARY KEY("role_code","permission_code")
);
--> statement-breakpoint
ALTER TABLE "rbac_seeded_grants" ADD CONSTRAINT "rbac_seeded_grants_role_code_roles_code_fk" FOREIGN KEY ("role_code") REFERENCES "public"."roles"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rbac_seeded_grants" ADD CONSTRAINT "rbac_seeded_grants_permission_code_permissions_code_fk" FOREIGN KEY ("permission_code") REFERENCES "public"."permissions"("code") ON DELETE cascade ON UPDATE no action;