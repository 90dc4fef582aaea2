set terminal pngcairo size 800,480 font 'sans,10'
set output 'docs/curves/directory-routes.png'
set datafile separator ','
set grid
set key top left
set logscale x
set title "Directory lookups (link redirects) against routes"
set xlabel "routes"
set ylabel "lookups/s"
plot 'docs/curves/directory-routes.csv' using 1:2 with linespoints lw 2 pt 7 title "lookups/s"
