# Precision study (precision.mk, docs/results.md section 5): the Fashion-MNIST CNN,
# fully binarized, widened to the accuracy of the binarized-classifier network (samples/training/train_precision.py).
precision_fashion_bnn.title   := Fashion-MNIST CNN (bnn)
precision_fashion_bnn.model   := $(SAMPLES)/models/precision_fashion_bnn.onnx
precision_fashion_bnn.compile := --input-bits 8 --input-range 0,1
precision_fashion_bnn.data    := $(SAMPLES)/data/fashion_cnn-test-images-idx3-ubyte.gz
precision_fashion_bnn.labels  := $(SAMPLES)/data/fashion_cnn-test-labels-idx1-ubyte.gz
precision_fashion_bnn.run     := --data-div 255
