#!/usr/bin/python3
"""Parses Prometheus text format from stdin with the official Python client's parser
(--openmetrics: its OpenMetrics parser, which also insists on the final "# EOF").

Prints "families=<n> samples=<n>" then one line per sample "<name>{<labels>} <value>", sorted;
exits 1 (with the parser's error) when the text does not parse.
"""
import sys

from prometheus_client.openmetrics import parser as openmetrics
from prometheus_client import parser as prometheus


def main():
    parser = openmetrics if sys.argv[1:] == ["--openmetrics"] else prometheus
    try:
        families = list(parser.text_string_to_metric_families(sys.stdin.read()))
    except Exception as error:  # the parser raises ValueError and friends on bad input
        print("parse error: %s" % error)
        sys.exit(1)
    samples = [sample for family in families for sample in family.samples]
    print("families=%d samples=%d" % (len(families), len(samples)))
    for sample in sorted(samples, key=lambda s: (s.name, sorted(s.labels.items()))):
        labels = ",".join('%s="%s"' % item for item in sorted(sample.labels.items()))
        print("%s{%s} %s" % (sample.name, labels, sample.value))


if __name__ == "__main__":
    main()
