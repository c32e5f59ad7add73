CREATE TABLE attachment (
	id INTEGER NOT NULL, 
	owner_kind VARCHAR(12) NOT NULL, 
	owner_id INTEGER NOT NULL, 
	file_name VARCHAR NOT NULL, 
	media_type VARCHAR NOT NULL, 
	caption VARCHAR, 
	data BLOB NOT NULL, 
	thumbnail BLOB, 
	size_bytes INTEGER NOT NULL, 
	sha256 VARCHAR NOT NULL, 
	added_at DATETIME, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_attachment_owner_id ON attachment (owner_id);
CREATE TABLE auditor (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	role_zh VARCHAR, 
	certificate_no VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE balance (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	substance VARCHAR, 
	unit VARCHAR NOT NULL, 
	tolerance_pct FLOAT, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE balance_test (
	id INTEGER NOT NULL, 
	dates JSON NOT NULL, 
	days INTEGER, 
	hours_per_day FLOAT, 
	basis_zh VARCHAR, 
	instruments_zh VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE barrier (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	type_zh VARCHAR, 
	barrier_zh VARCHAR NOT NULL, 
	measure_zh VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE cause (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	aspect VARCHAR(20) NOT NULL, 
	location_zh VARCHAR, 
	cause_zh VARCHAR NOT NULL, 
	cause_en VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE coefficient_set (
	id INTEGER NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	kind VARCHAR(15) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	geography VARCHAR, 
	data_year INTEGER, 
	published_on DATE, 
	publisher VARCHAR, 
	document VARCHAR, 
	source VARCHAR, 
	note VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE consultancy (
	id INTEGER NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	recommendation_doc VARCHAR, 
	approver VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE cp_rule (
	id INTEGER NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	issued_on DATE, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE cppp_profile (
	id INTEGER NOT NULL, 
	programme_zh VARCHAR NOT NULL, 
	programme_en VARCHAR, 
	hk_registered_business VARCHAR, 
	factory_relation VARCHAR, 
	sector_in_original_eight BOOLEAN, 
	sector VARCHAR, 
	source VARCHAR, 
	et_service_provider VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE cppp_project (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	kind VARCHAR(26) NOT NULL, 
	type_zh VARCHAR, 
	type_en VARCHAR, 
	cost_hkd FLOAT NOT NULL, 
	start DATE, 
	"end" DATE, 
	technology_zh VARCHAR, 
	benefit_basis VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE cppp_rule_set (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	name VARCHAR NOT NULL, 
	share FLOAT NOT NULL, 
	cap_onsite_assessment FLOAT, 
	cap_demonstration_installation FLOAT, 
	cap_demonstration_rnd FLOAT, 
	cap_verification FLOAT, 
	max_months_onsite FLOAT, 
	max_months_demonstration FLOAT, 
	valid_from DATE, 
	valid_to DATE, 
	source VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE criterion (
	id INTEGER NOT NULL, 
	scope VARCHAR(6) NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	weight FLOAT NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE discharge_standard (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	medium VARCHAR(5) NOT NULL, 
	applied BOOLEAN NOT NULL, 
	note VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE emission_point (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	kind VARCHAR(12) NOT NULL, 
	code VARCHAR, 
	name_zh VARCHAR NOT NULL, 
	volume_item_key VARCHAR, 
	flow_value FLOAT, 
	flow_unit VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE enterprise (
	id INTEGER NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	uscc VARCHAR(18), 
	uscc_note VARCHAR, 
	enterprise_type_zh VARCHAR, 
	enterprise_type_en VARCHAR, 
	size VARCHAR(6), 
	hk_owned BOOLEAN NOT NULL, 
	hk_parent_zh VARCHAR, 
	hk_parent_en VARCHAR, 
	hk_ownership_pct FLOAT, 
	legal_representative VARCHAR, 
	established_on DATE, 
	registered_capital FLOAT, 
	registered_capital_currency VARCHAR, 
	industry_code VARCHAR(5), 
	industry_name_zh VARCHAR, 
	industry_standard VARCHAR, 
	cppp_sector VARCHAR(21), 
	address_zh VARCHAR, 
	address_en VARCHAR, 
	postcode VARCHAR, 
	postcode_note VARCHAR, 
	phone VARCHAR, 
	employees INTEGER, 
	land_area_m2 FLOAT, 
	building_area_m2 FLOAT, 
	shifts VARCHAR, 
	operating_hours_per_day FLOAT, 
	main_products_zh VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE equipment (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	spec VARCHAR, 
	quantity INTEGER, 
	power_kw FLOAT, 
	installed_year INTEGER, 
	location_zh VARCHAR, 
	status_zh VARCHAR, 
	obsolete BOOLEAN NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE evaluation_system (
	id INTEGER NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	source VARCHAR, 
	name_en VARCHAR, 
	edition VARCHAR, 
	confidence VARCHAR, 
	partial BOOLEAN NOT NULL, 
	rules_json VARCHAR, 
	note VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE existing_measure (
	id INTEGER NOT NULL, 
	year INTEGER, 
	measure_zh VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE focus_candidate (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	water_m3 FLOAT, 
	electricity_kwh FLOAT, 
	wastewater_m3 FLOAT, 
	hazardous_waste_t FLOAT, 
	main_pollutants_zh VARCHAR, 
	env_cost FLOAT, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE indicator (
	id INTEGER NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	unit VARCHAR NOT NULL, 
	formula VARCHAR NOT NULL, 
	scope VARCHAR(7) NOT NULL, 
	direction VARCHAR(4) NOT NULL, 
	benchmark_key VARCHAR, 
	note VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE leadership_decision (
	id INTEGER NOT NULL, 
	doc_no VARCHAR, 
	title_zh VARCHAR, 
	issued_on DATE, 
	signed_by VARCHAR, 
	summary_zh VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE mandatory_trigger (
	id INTEGER NOT NULL, 
	kind VARCHAR(17) NOT NULL, 
	article VARCHAR, 
	name_zh VARCHAR NOT NULL, 
	detail_zh VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE next_round_item (
	id INTEGER NOT NULL, 
	item_zh VARCHAR NOT NULL, 
	when_zh VARCHAR, 
	responsible_zh VARCHAR, 
	expected_zh VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE node (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	kind VARCHAR(14) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	function_zh VARCHAR, 
	equipment_zh VARCHAR, 
	parameters_zh VARCHAR, 
	is_product BOOLEAN NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE option (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	title_zh VARCHAR NOT NULL, 
	title_en VARCHAR, 
	description_zh VARCHAR, 
	aspect VARCHAR(20) NOT NULL, 
	source_zh VARCHAR, 
	proposed_in_phase INTEGER, 
	currency VARCHAR NOT NULL, 
	investment FLOAT, 
	expected_savings FLOAT, 
	screening VARCHAR(10), 
	screening_reason_zh VARCHAR, 
	status VARCHAR(11) NOT NULL, 
	start_on DATE, 
	end_on DATE, 
	actual_investment FLOAT, 
	actual_savings FLOAT, 
	implementation_note_zh VARCHAR, 
	market_zh VARCHAR, 
	technical_zh VARCHAR, 
	environmental_zh VARCHAR, 
	depreciation_years FLOAT, 
	life_years INTEGER, 
	tax_rate FLOAT, 
	discount_rate FLOAT, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE parameter (
	id INTEGER NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	unit VARCHAR NOT NULL, 
	scope VARCHAR(7) NOT NULL, 
	source VARCHAR, 
	note VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE period (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	label_zh VARCHAR NOT NULL, 
	kind VARCHAR(9) NOT NULL, 
	start DATE, 
	"end" DATE, 
	operating_days FLOAT, 
	note VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE price (
	id INTEGER NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	name_zh VARCHAR, 
	value FLOAT NOT NULL, 
	unit VARCHAR NOT NULL, 
	year INTEGER, 
	note VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE production_line (
	id INTEGER NOT NULL, 
	"key" VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	type_zh VARCHAR, 
	description VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE result_note (
	id INTEGER NOT NULL, 
	about VARCHAR NOT NULL, 
	note_zh VARCHAR NOT NULL, 
	note_en VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE site_finding (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	location_zh VARCHAR, 
	finding_zh VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE source (
	id INTEGER NOT NULL, 
	tag VARCHAR(40) NOT NULL, 
	citation VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE team_member (
	id INTEGER NOT NULL, 
	"group" VARCHAR(7) NOT NULL, 
	name VARCHAR NOT NULL, 
	team_role_zh VARCHAR, 
	dept_and_post_zh VARCHAR, 
	title_zh VARCHAR, 
	specialty_zh VARCHAR, 
	duties_zh VARCHAR, 
	time_zh VARCHAR, 
	planned_person_days FLOAT, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE training_record (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	held_on DATE, 
	topic_zh VARCHAR NOT NULL, 
	trainer VARCHAR, 
	participants INTEGER, 
	hours FLOAT, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE work_plan_row (
	id INTEGER NOT NULL, 
	stage_no INTEGER NOT NULL, 
	stage_zh VARCHAR NOT NULL, 
	content_zh VARCHAR, 
	start DATE, 
	"end" DATE, 
	responsible_zh VARCHAR, 
	assessor_zh VARCHAR, 
	output_zh VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE audit_info (
	id INTEGER NOT NULL, 
	title_zh VARCHAR NOT NULL, 
	title_en VARCHAR, 
	fictional BOOLEAN NOT NULL, 
	disclaimer_zh VARCHAR, 
	disclaimer_en VARCHAR, 
	province VARCHAR NOT NULL, 
	base_currency VARCHAR NOT NULL, 
	audit_year INTEGER, 
	baseline_period_key VARCHAR, 
	verification_period_key VARCHAR, 
	audit_type VARCHAR(9) NOT NULL, 
	mandatory_category INTEGER, 
	list_name_zh VARCHAR, 
	list_published_on DATE, 
	leadership_decision_on DATE, 
	audit_started_on DATE, 
	disclosed_on DATE, 
	report_submitted_on DATE, 
	balance_tolerance_pct FLOAT NOT NULL, 
	water_test_tolerance_pct FLOAT NOT NULL, 
	low_cost_max FLOAT NOT NULL, 
	medium_cost_max FLOAT, 
	tax_rate FLOAT NOT NULL, 
	discount_rate FLOAT NOT NULL, 
	hkd_per_cny FLOAT, 
	exchange_rate_note VARCHAR, 
	tce_set_id INTEGER, 
	tce_equal_value_set_id INTEGER, 
	co2_set_id INTEGER, 
	energy_content_set_id INTEGER, 
	evaluation_system_id INTEGER, 
	product_name_zh VARCHAR, 
	product_formula VARCHAR, 
	product_unit VARCHAR, 
	chosen_focus_id INTEGER, 
	focus_score_scale VARCHAR, 
	option_screening_decision_zh VARCHAR, 
	suggestions_collected INTEGER, 
	equipment_obsolescence_note_zh VARCHAR, 
	cp_organisation_zh VARCHAR, 
	report_authors VARCHAR, 
	report_reviewers VARCHAR, 
	report_approver VARCHAR, 
	notes VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(tce_set_id) REFERENCES coefficient_set (id) ON DELETE SET NULL, 
	FOREIGN KEY(tce_equal_value_set_id) REFERENCES coefficient_set (id) ON DELETE SET NULL, 
	FOREIGN KEY(co2_set_id) REFERENCES coefficient_set (id) ON DELETE SET NULL, 
	FOREIGN KEY(energy_content_set_id) REFERENCES coefficient_set (id) ON DELETE SET NULL, 
	FOREIGN KEY(evaluation_system_id) REFERENCES evaluation_system (id) ON DELETE SET NULL, 
	FOREIGN KEY(chosen_focus_id) REFERENCES focus_candidate (id) ON DELETE SET NULL
);
CREATE INDEX ix_audit_info_chosen_focus_id ON audit_info (chosen_focus_id);
CREATE INDEX ix_audit_info_co2_set_id ON audit_info (co2_set_id);
CREATE INDEX ix_audit_info_energy_content_set_id ON audit_info (energy_content_set_id);
CREATE INDEX ix_audit_info_evaluation_system_id ON audit_info (evaluation_system_id);
CREATE INDEX ix_audit_info_tce_equal_value_set_id ON audit_info (tce_equal_value_set_id);
CREATE INDEX ix_audit_info_tce_set_id ON audit_info (tce_set_id);
CREATE TABLE cash_flow_year (
	id INTEGER NOT NULL, 
	option_id INTEGER NOT NULL, 
	year INTEGER NOT NULL, 
	amount FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(option_id) REFERENCES option (id) ON DELETE CASCADE
);
CREATE INDEX ix_cash_flow_year_option_id ON cash_flow_year (option_id);
CREATE TABLE cash_item (
	id INTEGER NOT NULL, 
	option_id INTEGER NOT NULL, 
	basis VARCHAR(8) NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	item_zh VARCHAR NOT NULL, 
	quantity FLOAT, 
	unit VARCHAR, 
	unit_price FLOAT, 
	amount FLOAT, 
	currency VARCHAR NOT NULL, 
	original_amount FLOAT, 
	original_currency VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(option_id) REFERENCES option (id) ON DELETE CASCADE
);
CREATE INDEX ix_cash_item_option_id ON cash_item (option_id);
CREATE TABLE cause_node (
	id INTEGER NOT NULL, 
	cause_id INTEGER NOT NULL, 
	node_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cause_id) REFERENCES cause (id) ON DELETE CASCADE, 
	FOREIGN KEY(node_id) REFERENCES node (id) ON DELETE CASCADE
);
CREATE INDEX ix_cause_node_cause_id ON cause_node (cause_id);
CREATE INDEX ix_cause_node_node_id ON cause_node (node_id);
CREATE TABLE coefficient (
	id INTEGER NOT NULL, 
	set_id INTEGER NOT NULL, 
	carrier_key VARCHAR(60) NOT NULL, 
	name_zh VARCHAR, 
	value FLOAT NOT NULL, 
	unit VARCHAR NOT NULL, 
	standard VARCHAR, 
	source VARCHAR, 
	confidence VARCHAR, 
	data_year INTEGER, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(set_id) REFERENCES coefficient_set (id) ON DELETE CASCADE
);
CREATE INDEX ix_coefficient_set_id ON coefficient (set_id);
CREATE TABLE cppp_project_option (
	id INTEGER NOT NULL, 
	project_id INTEGER NOT NULL, 
	option_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(project_id) REFERENCES cppp_project (id) ON DELETE CASCADE, 
	FOREIGN KEY(option_id) REFERENCES option (id) ON DELETE CASCADE
);
CREATE INDEX ix_cppp_project_option_option_id ON cppp_project_option (option_id);
CREATE INDEX ix_cppp_project_option_project_id ON cppp_project_option (project_id);
CREATE TABLE discharge_limit (
	id INTEGER NOT NULL, 
	standard_id INTEGER NOT NULL, 
	param VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	limit_min FLOAT, 
	limit_max FLOAT, 
	location_zh VARCHAR, 
	source VARCHAR, 
	confidence VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(standard_id) REFERENCES discharge_standard (id) ON DELETE CASCADE
);
CREATE INDEX ix_discharge_limit_standard_id ON discharge_limit (standard_id);
CREATE TABLE evaluation_indicator (
	id INTEGER NOT NULL, 
	system_id INTEGER NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	group_key VARCHAR, 
	group_zh VARCHAR, 
	group_weight FLOAT, 
	pool VARCHAR, 
	pool_weight FLOAT, 
	name_zh VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	weight FLOAT, 
	direction VARCHAR(4) NOT NULL, 
	limiting BOOLEAN NOT NULL, 
	descriptive BOOLEAN NOT NULL, 
	level_1 FLOAT, 
	level_2 FLOAT, 
	level_3 FLOAT, 
	indicator_key VARCHAR, 
	applicable BOOLEAN NOT NULL, 
	assessed_level INTEGER, 
	confidence VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(system_id) REFERENCES evaluation_system (id) ON DELETE CASCADE
);
CREATE INDEX ix_evaluation_indicator_system_id ON evaluation_indicator (system_id);
CREATE TABLE focus_score (
	id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	criterion_id INTEGER NOT NULL, 
	score FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(candidate_id) REFERENCES focus_candidate (id) ON DELETE CASCADE, 
	FOREIGN KEY(criterion_id) REFERENCES criterion (id) ON DELETE CASCADE
);
CREATE INDEX ix_focus_score_candidate_id ON focus_score (candidate_id);
CREATE INDEX ix_focus_score_criterion_id ON focus_score (criterion_id);
CREATE TABLE inventory_item (
	id INTEGER NOT NULL, 
	category VARCHAR(15) NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	unit VARCHAR NOT NULL, 
	line_id INTEGER, 
	point_id INTEGER, 
	part_of_id INTEGER, 
	product_zh VARCHAR, 
	carrier_key VARCHAR, 
	price FLOAT, 
	price_unit VARCHAR, 
	price_period_key VARCHAR, 
	hazard_zh VARCHAR, 
	waste_code VARCHAR, 
	use_zh VARCHAR, 
	note VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(line_id) REFERENCES production_line (id) ON DELETE SET NULL, 
	FOREIGN KEY(point_id) REFERENCES emission_point (id) ON DELETE SET NULL, 
	FOREIGN KEY(part_of_id) REFERENCES inventory_item (id) ON DELETE SET NULL
);
CREATE INDEX ix_inventory_item_line_id ON inventory_item (line_id);
CREATE INDEX ix_inventory_item_part_of_id ON inventory_item (part_of_id);
CREATE INDEX ix_inventory_item_point_id ON inventory_item (point_id);
CREATE TABLE monitoring_record (
	id INTEGER NOT NULL, 
	option_id INTEGER, 
	indicator_zh VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	direction VARCHAR(4) NOT NULL, 
	before_value FLOAT, 
	before_num FLOAT, 
	before_den FLOAT, 
	after_value FLOAT, 
	after_num FLOAT, 
	after_den FLOAT, 
	num_unit VARCHAR, 
	den_unit VARCHAR, 
	before_period VARCHAR, 
	after_period VARCHAR, 
	computed_note VARCHAR, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(option_id) REFERENCES option (id) ON DELETE SET NULL
);
CREATE INDEX ix_monitoring_record_option_id ON monitoring_record (option_id);
CREATE TABLE option_cause (
	id INTEGER NOT NULL, 
	option_id INTEGER NOT NULL, 
	cause_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(option_id) REFERENCES option (id) ON DELETE CASCADE, 
	FOREIGN KEY(cause_id) REFERENCES cause (id) ON DELETE CASCADE
);
CREATE INDEX ix_option_cause_cause_id ON option_cause (cause_id);
CREATE INDEX ix_option_cause_option_id ON option_cause (option_id);
CREATE TABLE option_effect (
	id INTEGER NOT NULL, 
	option_id INTEGER NOT NULL, 
	basis VARCHAR(8) NOT NULL, 
	resource_key VARCHAR(60) NOT NULL, 
	value FLOAT NOT NULL, 
	unit VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(option_id) REFERENCES option (id) ON DELETE CASCADE
);
CREATE INDEX ix_option_effect_option_id ON option_effect (option_id);
CREATE TABLE option_score (
	id INTEGER NOT NULL, 
	option_id INTEGER NOT NULL, 
	criterion_id INTEGER NOT NULL, 
	score FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(option_id) REFERENCES option (id) ON DELETE CASCADE, 
	FOREIGN KEY(criterion_id) REFERENCES criterion (id) ON DELETE CASCADE
);
CREATE INDEX ix_option_score_criterion_id ON option_score (criterion_id);
CREATE INDEX ix_option_score_option_id ON option_score (option_id);
CREATE TABLE stream (
	id INTEGER NOT NULL, 
	balance_id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	name_en VARCHAR, 
	from_node_id INTEGER NOT NULL, 
	to_node_id INTEGER NOT NULL, 
	calc VARCHAR(13) NOT NULL, 
	value FLOAT, 
	unit VARCHAR NOT NULL, 
	basis VARCHAR(5) NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	method_zh VARCHAR, 
	uncertainty_pct FLOAT, 
	carrier_stream_id INTEGER, 
	tags JSON NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(balance_id) REFERENCES balance (id) ON DELETE CASCADE, 
	FOREIGN KEY(from_node_id) REFERENCES node (id) ON DELETE RESTRICT, 
	FOREIGN KEY(to_node_id) REFERENCES node (id) ON DELETE RESTRICT, 
	FOREIGN KEY(carrier_stream_id) REFERENCES stream (id) ON DELETE SET NULL
);
CREATE INDEX ix_stream_balance_id ON stream (balance_id);
CREATE INDEX ix_stream_carrier_stream_id ON stream (carrier_stream_id);
CREATE INDEX ix_stream_from_node_id ON stream (from_node_id);
CREATE INDEX ix_stream_to_node_id ON stream (to_node_id);
CREATE TABLE target (
	id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	name_zh VARCHAR NOT NULL, 
	indicator_id INTEGER, 
	unit VARCHAR NOT NULL, 
	direction VARCHAR(4) NOT NULL, 
	baseline_period_key VARCHAR, 
	baseline_entered FLOAT, 
	near_value FLOAT, 
	near_by DATE, 
	long_value FLOAT, 
	long_by DATE, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(indicator_id) REFERENCES indicator (id) ON DELETE SET NULL
);
CREATE INDEX ix_target_indicator_id ON target (indicator_id);
CREATE TABLE cause_stream (
	id INTEGER NOT NULL, 
	cause_id INTEGER NOT NULL, 
	stream_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cause_id) REFERENCES cause (id) ON DELETE CASCADE, 
	FOREIGN KEY(stream_id) REFERENCES stream (id) ON DELETE CASCADE
);
CREATE INDEX ix_cause_stream_cause_id ON cause_stream (cause_id);
CREATE INDEX ix_cause_stream_stream_id ON cause_stream (stream_id);
CREATE TABLE inventory_value (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	period_id INTEGER NOT NULL, 
	value FLOAT NOT NULL, 
	unit VARCHAR, 
	note VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES inventory_item (id) ON DELETE CASCADE, 
	FOREIGN KEY(period_id) REFERENCES period (id) ON DELETE CASCADE
);
CREATE INDEX ix_inventory_value_item_id ON inventory_value (item_id);
CREATE INDEX ix_inventory_value_period_id ON inventory_value (period_id);
CREATE TABLE item_property (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	"key" VARCHAR(60) NOT NULL, 
	value FLOAT NOT NULL, 
	unit VARCHAR NOT NULL, 
	source VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES inventory_item (id) ON DELETE CASCADE
);
CREATE INDEX ix_item_property_item_id ON item_property (item_id);
CREATE TABLE stream_factor (
	id INTEGER NOT NULL, 
	stream_id INTEGER NOT NULL, 
	role VARCHAR(13) NOT NULL, 
	value FLOAT NOT NULL, 
	unit VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(stream_id) REFERENCES stream (id) ON DELETE CASCADE
);
CREATE INDEX ix_stream_factor_stream_id ON stream_factor (stream_id);
