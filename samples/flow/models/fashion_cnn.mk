# Fashion-MNIST CNN, 8-bit pixels u8/255 fed bit-serially to the first convolution.
fashion_cnn.title   := Fashion-MNIST CNN
fashion_cnn.model   := $(SAMPLES)/models/fashion_cnn.onnx
fashion_cnn.compile := --input-bits 8 --input-range 0,1
fashion_cnn.data    := $(SAMPLES)/data/fashion_cnn-test-images-idx3-ubyte.gz
fashion_cnn.labels  := $(SAMPLES)/data/fashion_cnn-test-labels-idx1-ubyte.gz
fashion_cnn.run     := --data-div 255
