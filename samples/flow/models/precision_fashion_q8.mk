# Precision study (precision.mk, docs/results.md section 5): the Fashion-MNIST CNN,
# everything at 8 bits (weights and activations) (samples/training/train_precision.py).
precision_fashion_q8.title   := Fashion-MNIST CNN (q8)
precision_fashion_q8.model   := $(SAMPLES)/models/precision_fashion_q8.onnx
precision_fashion_q8.compile := --input-bits 8 --input-range 0,1
precision_fashion_q8.data    := $(SAMPLES)/data/fashion_cnn-test-images-idx3-ubyte.gz
precision_fashion_q8.labels  := $(SAMPLES)/data/fashion_cnn-test-labels-idx1-ubyte.gz
precision_fashion_q8.run     := --data-div 255
