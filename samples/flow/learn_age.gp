# Learning on aged devices (learn_tables.py's age.dat): held-out accuracy (mean over seeds, with
# the lowest and highest seed) and the models the chain kept (percent of the array's 128 groups)
# on the left axis; the 2T2R bit error rate the same devices would have as binary memory on the
# right (log) axis.
#   gnuplot -e "out='f.svg'; data='age.dat'" learn_age.gp
set terminal svg size 820,520 dynamic enhanced font "sans,13"
set output out
set logscale x
set format x "10^{%L}"
set xlabel "programming cycles the devices have seen before learning"
set ylabel "percent"
set yrange [0:105]
set logscale y2
set format y2 "10^{%L}"
set y2range [1e-9:1]
set y2tics
set y2label "2T2R bit error rate as memory"
set grid xtics ytics lc rgb "#dddddd"
set key left bottom box opaque
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 0.7
set style line 2 lc rgb "#2ca02c" lw 2 pt 9 ps 0.8
set style line 3 lc rgb "#d62728" lw 2 pt 5 ps 0.7 dt 2
plot data using 1:2:3:4 with yerrorlines ls 1 title "held-out accuracy (%)", \
     data using 1:5 with linespoints ls 2 title "models kept (% of the array)", \
     data using 1:6 axes x1y2 with linespoints ls 3 title "memory BER (right axis)"
