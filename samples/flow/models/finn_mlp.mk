# mnist_mlp in FINN-ONNX form (MultiThreshold): same weights, same test set.
finn_mlp.title   := MNIST MLP, FINN-ONNX form
finn_mlp.model   := $(SAMPLES)/models/finn_mlp.onnx
finn_mlp.compile :=
finn_mlp.data    := $(SAMPLES)/data/mnist_mlp-test-images-idx3-ubyte.gz
finn_mlp.labels  := $(SAMPLES)/data/mnist_mlp-test-labels-idx1-ubyte.gz
finn_mlp.run     := --data-div 255
