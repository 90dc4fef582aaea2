set terminal pngcairo size 800,480 font 'sans,10'
set output 'docs/curves/hop-size.png'
set datafile separator ','
set grid
set key top left
set logscale x
set title "Hop throughput against message size (at-least-once)"
set xlabel "body bytes"
set ylabel ""
plot 'docs/curves/hop-size.csv' using 1:2 with linespoints lw 2 pt 7 title "thousand msgs/s", 'docs/curves/hop-size.csv' using 1:3 with linespoints lw 2 pt 7 title "MiB/s of bodies"
