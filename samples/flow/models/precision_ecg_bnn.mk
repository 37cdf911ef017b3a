# Precision study (precision.mk, docs/results.md section 5): the ECG 1-D CNN on synthetic beats,
# fully binarized, widened to the accuracy of the binarized-classifier network (samples/training/train_precision.py).
precision_ecg_bnn.title   := ECG 1-D CNN (bnn)
precision_ecg_bnn.model   := $(SAMPLES)/models/precision_ecg_bnn.onnx
precision_ecg_bnn.compile := --input-bits 8 --input-range -1,1
precision_ecg_bnn.data    := $(SAMPLES)/data/ecg_cnn1d-test-x.npy
precision_ecg_bnn.labels  := $(SAMPLES)/data/ecg_cnn1d-test-y.npy
precision_ecg_bnn.run     :=
