# mnist_mlp in QONNX form (BipolarQuant): same weights, same test set.
qonnx_mlp.title   := MNIST MLP, QONNX form
qonnx_mlp.model   := $(SAMPLES)/models/qonnx_mlp.onnx
qonnx_mlp.compile :=
qonnx_mlp.data    := $(SAMPLES)/data/mnist_mlp-test-images-idx3-ubyte.gz
qonnx_mlp.labels  := $(SAMPLES)/data/mnist_mlp-test-labels-idx1-ubyte.gz
qonnx_mlp.run     := --data-div 255
