import { ListingSkeleton } from "@/components/listing/ListingSkeleton";

export default function Loading() {
  return <ListingSkeleton />;
}
