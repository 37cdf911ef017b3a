# MNIST MLP, input binarized inside the model (x >= 0.5): no input options.
mnist_mlp.title   := MNIST MLP
mnist_mlp.model   := $(SAMPLES)/models/mnist_mlp.onnx
mnist_mlp.compile :=
mnist_mlp.data    := $(SAMPLES)/data/mnist_mlp-test-images-idx3-ubyte.gz
mnist_mlp.labels  := $(SAMPLES)/data/mnist_mlp-test-labels-idx1-ubyte.gz
mnist_mlp.run     := --data-div 255
