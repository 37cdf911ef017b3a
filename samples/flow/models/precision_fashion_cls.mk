# Precision study (precision.mk, docs/results.md section 5): the Fashion-MNIST CNN,
# 8-bit feature extractor, binarized classifier (samples/training/train_precision.py).
precision_fashion_cls.title   := Fashion-MNIST CNN (cls)
precision_fashion_cls.model   := $(SAMPLES)/models/precision_fashion_cls.onnx
precision_fashion_cls.compile := --input-bits 8 --input-range 0,1
precision_fashion_cls.data    := $(SAMPLES)/data/fashion_cnn-test-images-idx3-ubyte.gz
precision_fashion_cls.labels  := $(SAMPLES)/data/fashion_cnn-test-labels-idx1-ubyte.gz
precision_fashion_cls.run     := --data-div 255
