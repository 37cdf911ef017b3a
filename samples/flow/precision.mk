# The precision study of docs/results.md section 5 (after Penkovsky et al., DATE 2020): for the
# ECG and Fashion-MNIST tasks, the same CNN at 8 bits (q8), with only its classifier binarized
# (cls), and fully binarized and widened to cls's accuracy (bnn); samples/training/
# train_precision.py trains them (models/precision_*.mk describe them). Each is compiled for
# every condition of CONDITIONS, run on the reference interpreter and the ideal chip (whole test
# set), and on PRECISION_CHIPS virtual 2T2R chips of each condition on the first
# PRECISION_SAMPLES test samples (a multi-bit layer runs on the emulator's planes engine, much
# slower than a binary one). Included by Makefile after the model descriptions.

PRECISION_MODELS  ?= $(foreach t,ecg fashion,$(foreach v,q8 cls bnn,precision_$(t)_$(v)))
PRECISION_CHIPS   ?= 3
PRECISION_SAMPLES ?= 200

PTAG    := c$(PRECISION_CHIPS)-n$(PRECISION_SAMPLES)-s$(SEED)
PREC    := $(A)/precision
PTABLES := $(A)/tables-precision-$(CONDITION)-$(PTAG)

# the first PRECISION_SAMPLES test samples of model $(1): data, labels
p-data   = $(PREC)/data/$(1)-$(PRECISION_SAMPLES)-$(notdir $($(1).data))
p-labels = $(PREC)/data/$(1)-$(PRECISION_SAMPLES)-$(notdir $($(1).labels))

# $(1) model: the test subset, the ideal chip on the whole test set (the reference and the
# images of models the main flow does not already build), and the virtual chips
define precision-rules
$(call p-data,$(1)): $($(1).data) $(FLOW)/head_samples.py
	$$(need-python)
	@mkdir -p $(PREC)/data
	$(PYTHON) $(FLOW)/head_samples.py $$< $$@ $(PRECISION_SAMPLES)
$(call p-labels,$(1)): $($(1).labels) $(FLOW)/head_samples.py
	$$(need-python)
	@mkdir -p $(PREC)/data
	$(PYTHON) $(FLOW)/head_samples.py $$< $$@ $(PRECISION_SAMPLES)
$(PREC)/$(1).ideal.json: $(D)/$(1).bnn $(call inputs,$(1)) $(BNNC)
	@mkdir -p $(PREC)
	$(BNNC) run $$< $(call run-data,$(1)) --ideal --json $$@ > $$(@:.json=.txt)
$(foreach c,$(CONDITIONS),$(call precision-chip-rule,$(1),$(c)))
endef

# $(1) model, $(2) condition: PRECISION_CHIPS chips of the condition's 2T2R devices
define precision-chip-rule
$(PREC)/$(2)/$(1).2t2r-$(PTAG).json: $(A)/$(2)/$(1).bnn $(OUT)/devices/$(2)-2t2r.json \
    $(call p-data,$(1)) $(call p-labels,$(1)) $(call inputs,$(1)) $(BNNC)
	@mkdir -p $(PREC)/$(2)
	$(BNNC) run $$< --data $(call p-data,$(1)) --labels $(call p-labels,$(1)) $($(1).run) \
	  --threads $(THREADS) --device $(OUT)/devices/$(2)-2t2r.json --chips $(PRECISION_CHIPS) \
	  --seed $(SEED) --json $$@ > $$(@:.json=.txt)

endef

# the main flow already has the image and reference rules of its own models
P_NEW := $(filter-out $(ALL_MODELS),$(PRECISION_MODELS))
$(foreach c,$(sort $(CONDITION) $(CONDITIONS)),$(foreach m,$(P_NEW),\
  $(eval $(call image-rules,$(m),$(c)))))
$(foreach m,$(P_NEW),$(eval $(call reference-rule,$(m))))
$(foreach m,$(PRECISION_MODELS),$(eval $(call precision-rules,$(m))))

PRECISION_RUNS := $(foreach m,$(PRECISION_MODELS),$(PREC)/$(m).ideal.json \
  $(OUT)/reference/$(m).json $(D)/$(m).compile.json \
  $(foreach c,$(CONDITIONS),$(PREC)/$(c)/$(m).2t2r-$(PTAG).json))
PRECISION_TABLE_FILES := $(PTABLES)/precision.md $(PTABLES)/precision-chips.md \
  $(PTABLES)/precision-layers.md \
  $(PTABLES)/facts.json

$(PRECISION_TABLE_FILES) &: $(PRECISION_RUNS) \
    $(foreach t,ecg fashion,$(SAMPLES)/training/precision_$(t).json) \
    $(FLOW)/flowlib.py $(FLOW)/precision_tables.py
	$(need-python)
	@mkdir -p $(PTABLES)
	$(PYTHON) $(FLOW)/precision_tables.py --out $(PTABLES) --arch-dir $(A) \
	  --condition $(CONDITION) --conditions "$(CONDITIONS)" --models "$(PRECISION_MODELS)" \
	  --precision-dir $(PREC) --tag $(PTAG) --reference $(OUT)/reference --samples $(SAMPLES) \
	  --chips $(PRECISION_CHIPS) --device-samples $(PRECISION_SAMPLES)

.PHONY: precision precision-runs
precision-runs: $(PRECISION_RUNS)
precision: $(PRECISION_TABLE_FILES)
