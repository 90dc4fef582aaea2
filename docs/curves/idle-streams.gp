set terminal pngcairo size 800,480 font 'sans,10'
set output 'docs/curves/idle-streams.png'
set datafile separator ','
set grid
set key top left
set logscale x
set title "A manifold's memory against idle streams (history 25, empty)"
set xlabel "streams"
set ylabel "MiB"
plot 'docs/curves/idle-streams.csv' using 1:2 with linespoints lw 2 pt 7 title "heap used after GC", 'docs/curves/idle-streams.csv' using 1:3 with linespoints lw 2 pt 7 title "RSS"
