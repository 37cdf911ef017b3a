# Precision study (precision.mk, docs/results.md section 5): the ECG 1-D CNN on synthetic beats,
# 8-bit feature extractor, binarized classifier (samples/training/train_precision.py).
precision_ecg_cls.title   := ECG 1-D CNN (cls)
precision_ecg_cls.model   := $(SAMPLES)/models/precision_ecg_cls.onnx
precision_ecg_cls.compile := --input-bits 8 --input-range -1,1
precision_ecg_cls.data    := $(SAMPLES)/data/ecg_cnn1d-test-x.npy
precision_ecg_cls.labels  := $(SAMPLES)/data/ecg_cnn1d-test-y.npy
precision_ecg_cls.run     :=
