/* tests/check_validate.c: placeholder until written (skipped). */
int main(void) { return 77; }
