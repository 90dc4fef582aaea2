set terminal pngcairo size 800,480 font 'sans,10'
set output 'docs/curves/pipeline-users.png'
set datafile separator ','
set grid
set key top left
set logscale x
set title "The pipeline (one JVM, flat out) against users"
set xlabel "users"
set ylabel ""
plot 'docs/curves/pipeline-users.csv' using 1:2 with linespoints lw 2 pt 7 title "barks/s in", 'docs/curves/pipeline-users.csv' using 1:3 with linespoints lw 2 pt 7 title "thousand deliveries/s out"
