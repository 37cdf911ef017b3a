# In-memory Bayesian learning (bnnc learn, docs/learning.md): the breast-cancer sample learned
# in a virtual 128 x 128 array for each of LEARN_SEEDS (the seed also draws the held-out split),
# each posterior run on LEARN_CHIPS fresh arrays; the same under the low-energy condition and
# timed on this CPU; the wine sample with one hidden layer; accuracy against the devices' age
# (LEARN_CYCLES) and against the fraction of stuck devices (LEARN_STUCK). Included by Makefile,
# which sets the LEARN_* defaults with the other settings.

L       := $(OUT)/learn
LTABLES := $(L)/tables

# $(1) run name, $(2) data, $(3) seed, $(4) more learn options: the posterior, its report and
# its held-out set, then the posterior on LEARN_CHIPS arrays.
define learn-rule
$(L)/$(1).bnn $(L)/$(1).json $(L)/$(1)-test.csv &: $(2) $(BNNC)
	@mkdir -p $(L)
	$(BNNC) learn $(2) -o $(L)/$(1).bnn --json $(L)/$(1).json --write-test $(L)/$(1)-test.csv \
	  --seed $(3) --split-seed $(3) --threads $(THREADS) $(4) > $(L)/$(1).txt
$(L)/$(1).run.json: $(L)/$(1).bnn $(L)/$(1)-test.csv $(BNNC)
	$(BNNC) run $(L)/$(1).bnn --data $(L)/$(1)-test.csv --chips $(LEARN_CHIPS) --seed $(3) \
	  --threads $(THREADS) --json $$@ > $$(@:.json=.txt)
endef

# $(1) point name, $(2) seed, $(3) more learn options: one point of a sweep. A chain that cannot
# run (too few fault-free rows) records bnnc's message instead of stopping the flow.
define sweep-learn-rule
$(L)/$(1)-s$(2).json: $(LEARN_DATA) $(BNNC) $(FLOW)/learn_failed.py $(4)
	@mkdir -p $(dir $(L)/$(1))
	$(BNNC) learn $(LEARN_DATA) -o $(L)/$(1)-s$(2).bnn --json $$@ --seed $(2) --split-seed $(2) \
	  --threads $(THREADS) $(3) > $(L)/$(1)-s$(2).txt 2> $(L)/$(1)-s$(2).err || \
	  $(PYTHON) $(FLOW)/learn_failed.py $(L)/$(1)-s$(2).err $$@
endef

$(foreach s,$(LEARN_SEEDS),$(eval $(call learn-rule,bc-s$(s),$(LEARN_DATA),$(s),)))
$(foreach s,$(LEARN_SEEDS),$(eval $(call learn-rule,wine-s$(s),$(LEARN_WINE),$(s),--model mlp)))
$(eval $(call learn-rule,bc-low-s1,$(LEARN_DATA),1,--device low-energy))
$(eval $(call learn-rule,bc-cpu-s1,$(LEARN_DATA),1,--cpu-reference))
$(foreach c,$(LEARN_CYCLES),$(foreach s,$(LEARN_SWEEP_SEEDS),\
  $(eval $(call sweep-learn-rule,age/c$(c),$(s),--cycles $(c),))))
$(foreach f,$(LEARN_STUCK),$(foreach s,$(LEARN_SWEEP_SEEDS),\
  $(eval $(call sweep-learn-rule,stuck/f$(f),$(s),--device $(L)/devices/stuck-$(f).json,\
    $(L)/devices/stuck-$(f).json))))

$(L)/devices/stuck-%.json: $(DEVICES_JSON) $(FLOW)/device_variant.py $(FLOW)/flowlib.py
	$(need-python)
	$(PYTHON) $(FLOW)/device_variant.py $(DEVICES_JSON) typical 2t2r $@ --stuck $*

LEARN_MAIN  := $(foreach s,$(LEARN_SEEDS),$(L)/bc-s$(s).json $(L)/bc-s$(s).run.json)
LEARN_WINES := $(foreach s,$(LEARN_SEEDS),$(L)/wine-s$(s).json $(L)/wine-s$(s).run.json)
LEARN_EXTRA := $(L)/bc-low-s1.json $(L)/bc-cpu-s1.json
LEARN_AGE   := $(foreach c,$(LEARN_CYCLES),$(foreach s,$(LEARN_SWEEP_SEEDS),$(L)/age/c$(c)-s$(s).json))
LEARN_STUCKS := $(foreach f,$(LEARN_STUCK),$(foreach s,$(LEARN_SWEEP_SEEDS),\
                  $(L)/stuck/f$(f)-s$(s).json))
LEARN_RUNS  := $(LEARN_MAIN) $(LEARN_WINES) $(LEARN_EXTRA) $(LEARN_AGE) $(LEARN_STUCKS)
LEARN_TABLE_FILES := $(LTABLES)/learning.md $(LTABLES)/learning-age.md \
  $(LTABLES)/learning-stuck.md $(LTABLES)/facts.json $(LTABLES)/age.dat

ifneq ($(filter-out help clean show-models learn-runs,$(GOALS)),)
  $(call setting-file,$(L)/settings,$(LEARN_SEEDS) | $(LEARN_CHIPS) | $(LEARN_CYCLES) | \
    $(LEARN_STUCK) | $(LEARN_SWEEP_SEEDS))
endif

# One script writes every learning table and the age curve's data from the reports.
$(LEARN_TABLE_FILES) &: $(LEARN_RUNS) $(L)/settings $(FLOW)/flowlib.py $(FLOW)/learn_tables.py
	$(need-python)
	$(PYTHON) $(FLOW)/learn_tables.py --out $(LTABLES) --main "$(LEARN_MAIN)" \
	  --wine "$(LEARN_WINES)" --low $(L)/bc-low-s1.json --cpu $(L)/bc-cpu-s1.json \
	  --age "$(LEARN_AGE)" --stuck "$(LEARN_STUCKS)"

$(FIGURES)/learning-age.svg: $(LTABLES)/age.dat $(FLOW)/learn_age.gp
	$(need-gnuplot)
	@mkdir -p $(FIGURES)
	$(GNUPLOT) -e "out='$@.tmp'; data='$<'" $(FLOW)/learn_age.gp && mv $@.tmp $@
