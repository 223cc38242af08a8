#!/bin/sh
# placeholder until written (skipped)
exit 77
