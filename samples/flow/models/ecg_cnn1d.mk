# 1-D CNN on synthetic ECG-like beats, 8-bit samples on [-1, 1].
ecg_cnn1d.title   := ECG 1-D CNN (synthetic beats)
ecg_cnn1d.model   := $(SAMPLES)/models/ecg_cnn1d.onnx
ecg_cnn1d.compile := --input-bits 8 --input-range -1,1
ecg_cnn1d.data    := $(SAMPLES)/data/ecg_cnn1d-test-x.npy
ecg_cnn1d.labels  := $(SAMPLES)/data/ecg_cnn1d-test-y.npy
ecg_cnn1d.run     :=
