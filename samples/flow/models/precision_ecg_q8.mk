# Precision study (precision.mk, docs/results.md section 5): the ECG 1-D CNN on synthetic beats,
# everything at 8 bits (weights and activations) (samples/training/train_precision.py).
precision_ecg_q8.title   := ECG 1-D CNN (q8)
precision_ecg_q8.model   := $(SAMPLES)/models/precision_ecg_q8.onnx
precision_ecg_q8.compile := --input-bits 8 --input-range -1,1
precision_ecg_q8.data    := $(SAMPLES)/data/ecg_cnn1d-test-x.npy
precision_ecg_q8.labels  := $(SAMPLES)/data/ecg_cnn1d-test-y.npy
precision_ecg_q8.run     :=
