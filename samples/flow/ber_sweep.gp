# Accuracy versus injected weight bit error rate, one curve per sweep table (sweep_table.py).
#   gnuplot -e "out='f.svg'; files='a.dat b.dat'; bounds='conditions.gp'" ber_sweep.gp
# Each curve: mean accuracy over the chips with its 95 % interval as error bars; the dashed line
# of the same colour is that model's ideal chip. Vertical lines: the 2T2R BER bounds the talk
# gives for the programming conditions (conditions.gp, from condition_bounds.py). A table's title
# is its "# title: ..." comment line.
set terminal svg size 820,520 dynamic enhanced font "sans,13"
set output out
set logscale x
set format x "10^{%L}"
set xrange [5e-8:0.2]
set yrange [0:100]
set xlabel "weight bit error rate (injected, per cell)"
set ylabel "test accuracy (%)"
set grid xtics ytics lc rgb "#dddddd"
set key left center box opaque
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 0.7
set style line 2 lc rgb "#d62728" lw 2 pt 5 ps 0.7
set style line 3 lc rgb "#2ca02c" lw 2 pt 9 ps 0.8
set style line 4 lc rgb "#9467bd" lw 2 pt 11 ps 0.8
set style line 9 lc rgb "#888888" lw 1 dt 3
load bounds
title(f) = system("sed -n 's/^# title: //p' '" . f . "'")
plot for [i=1:words(files)] word(files, i) using 1:2:3:4 with yerrorlines ls i \
       title title(word(files, i)), \
     for [i=1:words(files)] word(files, i) using 1:8 with lines ls i dt 2 lw 1 notitle
