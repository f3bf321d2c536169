#!/usr/bin/env python
from steerco.cli import main

if __name__ == "__main__":
    main()
